// The pure half of libs/contracts the web app bundles as values (`@rectiflow/contracts/web`):
// limits and required-field rules both the API's DTOs and the web forms follow, and how the
// bell groups notices. Nothing here imports anything but types (no Temporal, no class-validator).
export * from './inbox-views';
export * from './notice-groups';
export * from './form-rules';
export * from './comments';
export * from './public-comments';
