import { getMetadataStorage } from 'class-validator';
import { checkField, FORM_RULES, type FieldRule, type RuledForm } from '@rectiflow/contracts/web';
import {
  DueDateChangeDto,
  FindingChangeDto,
  ReassignFindingDto,
  UpdateFindingDto,
} from '../findings/dto/finding-changes.dto';
import {
  AssignDto,
  DraftMeasuresDto,
  MeasureDraftDto,
  SubmitEvidenceDto,
} from '../tasks/dto/task-inputs.dto';

/** The DTO that checks, on the server, what each form of the web app checks in the browser. */
const DTO_OF: Record<RuledForm, new () => object> = {
  assign: AssignDto,
  draft_measures: DraftMeasuresDto,
  measure: MeasureDraftDto,
  submit_evidence: SubmitEvidenceDto,
  reassign: ReassignFindingDto,
  due_date: DueDateChangeDto,
  withdraw: FindingChangeDto,
  title: UpdateFindingDto,
};

/**
 * The rules a DTO's decorators state, in the table's terms: a property without @IsOptional is
 * required (a list only when it must hold at least one item); @MaxLength, @ArrayMinSize and
 * @ArrayMaxSize give the limits.
 */
function rulesOf(dto: new () => object): Record<string, FieldRule> {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const properties = [...new Set(metadata.map((m) => m.propertyName))];
  const rules: Record<string, FieldRule> = {};
  for (const property of properties) {
    const own = metadata.filter((m) => m.propertyName === property);
    const constraint = (name: string) =>
      own.find((m) => m.name === name)?.constraints?.[0] as number | undefined;
    const optional = own.some((m) => m.type === 'conditionalValidation');
    const isList = own.some((m) => m.name === 'isArray' || m.type === 'isArray');
    const minItems = constraint('arrayMinSize');
    const rule: Record<string, unknown> = {
      required: !optional && (!isList || (minItems ?? 0) > 0) ? true : undefined,
      maxLength: constraint('maxLength'),
      minItems,
      maxItems: constraint('arrayMaxSize'),
    };
    const defined = Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined));
    if (Object.keys(defined).length > 0) rules[property] = defined;
  }
  return rules;
}

describe('the form rules the web app checks', () => {
  it.each(Object.keys(DTO_OF) as RuledForm[])('are the API’s own for %s', (form) => {
    expect(FORM_RULES[form]).toEqual(rulesOf(DTO_OF[form]));
  });

  it('name what is missing, too long, too few or too many', () => {
    const reason = FORM_RULES.withdraw.reason;
    expect(checkField(reason, undefined)).toBe('required');
    expect(checkField(reason, ' \n ')).toBe('required');
    expect(checkField(reason, '机构调整')).toBeNull();
    expect(checkField(reason, 'x'.repeat(reason.maxLength + 1))).toBe('too_long');
    expect(checkField(reason, 'x'.repeat(reason.maxLength))).toBeNull();
    const files = FORM_RULES.submit_evidence.evidenceIds;
    expect(checkField(files, [])).toBe('required');
    expect(checkField(files, Array(files.maxItems + 1).fill('id'))).toBe('too_many');
    // An optional field may be left out, but not overfilled.
    const co = FORM_RULES.assign.coDepartmentIds;
    expect(checkField(co, [])).toBeNull();
    expect(checkField(co, Array(co.maxItems + 1).fill('d'))).toBe('too_many');
  });
});
