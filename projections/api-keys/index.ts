export { apiKeysProjection } from './api-keys.projection';
