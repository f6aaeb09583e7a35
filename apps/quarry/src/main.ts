import 'reflect-metadata';
import { startQuarry } from './start-quarry';

// `npm start`: API and worker in one process (QUARRY_ROLE, default all).
void startQuarry();
