// Every workflow the worker runs (the bundler's entry point).
export { findingWorkflow } from './finding.workflow';
