import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { dashboardDir, registerDashboard } from './dashboard-assets';

/**
 * The stewardship dashboard (apps/dashboard), served at `/` from the Vite build in dist/dashboard.
 * It reads only the public HTTP API, with the API key the person signs in with.
 */
@Module({})
export class DashboardModule implements OnModuleInit {
  private readonly logger = new Logger('Dashboard');

  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.host.httpAdapter;
    // An application context without HTTP (none today) has nothing to serve it on.
    if (!adapter) return;
    const dir = dashboardDir();
    if (dir === null || !existsSync(join(dir, 'index.html'))) {
      this.logger.warn('the dashboard is not built (npm run build): / shows how to build it');
    }
    registerDashboard(adapter.getInstance<FastifyInstance>(), dir);
  }
}
