import 'reflect-metadata';
import { startQuarry } from '../../quarry/src/start-quarry';

// A worker alone (docker-compose `worker`): projections and process managers, plus health and metrics.
void startQuarry('worker');
