export { NewWebhookPage } from "./NewWebhookPage";
export { WebhookPage } from "./WebhookPage";
export { WebhooksPage } from "./WebhooksPage";
