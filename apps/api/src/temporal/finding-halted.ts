import { ConflictException } from '@nestjs/common';

/** The code of the 409 a step on a halted finding gets (API.md, "Contract additions"). */
export const FINDING_HALTED = 'finding_halted';
/** The code of the 409 a resumption of a finding that is not halted gets. */
export const FINDING_NOT_HALTED = 'finding_not_halted';

export function findingHaltedError(findingId: string): ConflictException {
  return new ConflictException({
    statusCode: 409,
    error: 'Conflict',
    code: FINDING_HALTED,
    message: `问题 ${findingId} 的流程已在系统外被中止，须由办公室恢复后才能继续办理 (the finding's workflow was stopped outside the application; the office must resume it first)`,
  });
}
