export { organizationsProjection } from './organizations.projection';
