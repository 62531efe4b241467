// The pure half of libs/contracts the web app bundles as values (`@rectiflow/contracts/forms`):
// limits and required-field rules both the API's DTOs and the web forms follow. Nothing here
// imports anything but types (no Temporal, no class-validator).
export * from './inbox-views';
