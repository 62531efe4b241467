import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';
import { PUBLIC_COMMENT_KIND, type InboxTaskKind, type TaskKind } from '@rectiflow/domain';
import { PublicCommentActionDto } from '../public-comments/dto/public-comment.dto';
import { TASK_INPUT_DTOS } from '../tasks/dto/task-inputs.dto';

type TaskInputClass = (typeof TASK_INPUT_DTOS)[TaskKind] | typeof PublicCommentActionDto;

/**
 * Each body class with the kinds it is the body of (review_1–3 share one); a `public_comment`
 * task (no workflow's) takes PublicCommentActionDto.
 */
export function taskInputClasses(): Map<TaskInputClass, InboxTaskKind[]> {
  const classes = new Map<TaskInputClass, InboxTaskKind[]>();
  for (const [kind, dto] of Object.entries(TASK_INPUT_DTOS) as [TaskKind, TaskInputClass][]) {
    classes.set(dto, [...(classes.get(dto) ?? []), kind]);
  }
  classes.set(PublicCommentActionDto, [PUBLIC_COMMENT_KIND]);
  return classes;
}

/**
 * The body of `POST /api/tasks/:id/complete`: one of the kinds' bodies, from the same table of
 * DTO classes the API validates them with, so a new kind's body is documented as it is added.
 * Which one applies is the task's kind (in the inbox), not a field of the body.
 */
export function ApiTaskInputBody() {
  const classes = taskInputClasses();
  const table = [...classes]
    .map(([dto, kinds]) => `${kinds.map((k) => `\`${k}\``).join(', ')}: ${dto.name}`)
    .join('; ');
  return applyDecorators(
    ApiExtraModels(...classes.keys()),
    ApiBody({
      description: `The body of the task's kind — ${table}.`,
      schema: { oneOf: [...classes.keys()].map((dto) => ({ $ref: getSchemaPath(dto) })) },
    }),
  );
}
