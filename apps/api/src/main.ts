import 'reflect-metadata';
import { startQuarry } from '../../quarry/src/start-quarry';

// The API alone (docker-compose `api`): serves /v1, health, metrics and docs.
void startQuarry('api');
