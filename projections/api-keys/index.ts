export { ApiKeyView } from './api-key-view.entity';
export { apiKeysProjection } from './api-keys.projection';
