import { Module } from '@nestjs/common';
import { RecordStates } from '../commands/record-states';
import { AllowedActionsService } from './allowed-actions.service';

/**
 * What a caller may do now: the records' states as the command path loads them, and the dry run
 * of their decisions that answers `allowedActions` and the inbox.
 */
@Module({
  providers: [RecordStates, AllowedActionsService],
  exports: [RecordStates, AllowedActionsService],
})
export class ActionsModule {}
