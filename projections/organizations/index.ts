export { OrganizationView } from './organization-view.entity';
export { organizationsProjection } from './organizations.projection';
