export { jobsProjection } from './jobs.projection';
