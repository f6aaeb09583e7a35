export { ProcessManagerCheckpoint } from './process-manager-checkpoint.entity';
