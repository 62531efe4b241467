import { parseRectificationText, ParseResult, UNPLACED_AREA_TITLE } from './index';
import { readDocument, shape } from './test-support/fixtures';

function parseDocument(name: string, defaultYear?: number): ParseResult {
  return parseRectificationText(readDocument(name), { defaultYear });
}

function allFindings(result: ParseResult) {
  return result.areas.flatMap((a) => a.themes.flatMap((t) => t.findings));
}

describe('half-width punctuation ( ) ; : , .', () => {
  const result = parseDocument('half-width.txt');

  it('reads areas, themes, findings and measures', () => {
    expect(result.counts).toEqual({
      areas: 2,
      themes: 2,
      findings: 3,
      measures: 7,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦落实上级决策部署方面',
        themes: [
          { theme: '农村公路养护不到位', findings: ['部分路段坑槽修补不及时', '养护考核流于形式'] },
        ],
      },
      {
        area: '聚焦全面从严治党方面',
        themes: [{ theme: '公车管理不规范', findings: ['公车使用登记不全'] }],
      },
    ]);
    expect(allFindings(result).map((f) => f.measures)).toEqual([
      ['开展农村公路病害排查,建立台账', '落实养护资金,及时修补', '实行月检查制度'],
      ['修订养护考核办法', '引入第三方评估'],
      ['补齐登记台账', '安装定位设备'],
    ]);
  });

  it('ignores the committee and next-steps lists and reads the half-width publication line', () => {
    expect(result.warnings).toEqual([]);
    expect(result.publication).toEqual({
      from: '2025-04-27',
      to: '2025-05-11',
      phone: '0000-1234567',
      email: 'jtj@example.org',
      address: '某县人民路2号',
      postcode: '000000',
    });
  });
});

describe('"（一）关于“…”问题的整改" layout', () => {
  const result = parseDocument('about-layout.txt');

  it('puts findings directly under the area into one theme titled like the area', () => {
    expect(result.counts).toEqual({
      areas: 3,
      themes: 3,
      findings: 4,
      measures: 8,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: '关于“落实全面从严治党主体责任不够有力”问题的整改',
        themes: [
          {
            theme: '关于“落实全面从严治党主体责任不够有力”问题的整改',
            findings: ['党风廉政建设责任制落实不到位', '警示教育针对性不强'],
          },
        ],
      },
      {
        area: '关于“基层党组织建设薄弱”问题的整改',
        themes: [{ theme: '关于“基层党组织建设薄弱”问题的整改', findings: ['支部组织生活不规范'] }],
      },
      {
        // No numbered item at all: the area heading is the finding; its quoted problem is the title.
        area: '关于“选人用人不够规范”问题的整改',
        themes: [{ theme: '关于“选人用人不够规范”问题的整改', findings: ['选人用人不够规范'] }],
      },
    ]);
  });

  it('reads "整改落实情况：一是…" as measures, with or without a list', () => {
    expect(allFindings(result).map((f) => f.measures)).toEqual([
      ['修订党风廉政建设责任清单', '每季度开展一次廉政谈话'],
      ['组织开展警示教育3次，观看警示教育片2部'],
      ['补齐会议记录', '开展支部书记培训', '实行支部工作季度检查'],
      ['修订干部选拔任用工作规程', '开展干部档案专项审核'],
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe('numbers that repeat or skip', () => {
  const result = parseDocument('numbering.txt');

  it('keeps every heading in order and never merges repeated numbers', () => {
    expect(result.counts).toEqual({
      areas: 2,
      themes: 3,
      findings: 4,
      measures: 7,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦政治建设方面',
        themes: [
          { theme: '理论学习不够深入', findings: ['中心组学习流于形式', '学习成果转化不够'] },
          { theme: '意识形态工作责任制落实不到位', findings: ['意识形态阵地管理不严'] },
        ],
      },
      {
        area: '聚焦作风建设方面',
        themes: [{ theme: '形式主义问题仍然存在', findings: ['文件会议过多'] }],
      },
    ]);
  });

  it('warns about each anomaly with its line', () => {
    expect(result.warnings).toEqual([
      expect.stringMatching(/^第 6 行：编号“（1）”与上一项重复/),
      expect.stringMatching(/^第 8 行：编号“3\.”不连续/),
      expect.stringMatching(/^第 9 行：编号“（5）”不是从 1 开始/),
      expect.stringMatching(/^第 11 行：编号“（一）”与上一项重复/),
    ]);
  });
});

describe('themes and areas without findings', () => {
  const result = parseDocument('empty-theme.txt');

  it('keeps the empty themes and the empty area', () => {
    expect(result.counts).toEqual({
      areas: 2,
      themes: 3,
      findings: 1,
      measures: 2,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦党的建设方面',
        themes: [
          { theme: '党建工作责任制落实不到位', findings: [] },
          { theme: '基层党组织建设存在短板', findings: ['个别支部换届不及时'] },
          { theme: '党员教育管理不够严格', findings: [] },
        ],
      },
      { area: '聚焦民生保障方面', themes: [] },
    ]);
  });

  it('warns for each of them', () => {
    expect(result.warnings).toEqual([
      expect.stringMatching(/^第 3 行：类别“党建工作责任制落实不到位”下没有问题$/),
      expect.stringMatching(/^第 7 行：类别“党员教育管理不够严格”下没有问题（其下文字未导入）$/),
      expect.stringMatching(/^第 9 行：“聚焦民生保障方面”下没有任何问题$/),
    ]);
  });
});

describe('findings without a "一是" list', () => {
  const result = parseDocument('no-list.txt');

  it('uses the paragraph, the text after the title, or the title itself as the one measure', () => {
    expect(result.counts).toEqual({
      areas: 1,
      themes: 1,
      findings: 3,
      measures: 3,
      longTermItems: 0,
    });
    expect(allFindings(result).map((f) => [f.title, f.measures])).toEqual([
      ['窗口服务效率不高', ['对办事流程进行全面梳理，精简申请材料12项，平均办理时限压缩30%']],
      ['群众投诉处理不及时', ['群众投诉处理不及时']],
      ['政务公开不及时', ['已建立政务公开清单，每月更新一次']],
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe('measures inline after the finding title', () => {
  const result = parseDocument('inline-measures.txt');

  it('cuts the title at "；一是", "。一是" or "：一是" and splits at every "X是"', () => {
    expect(result.counts).toEqual({
      areas: 1,
      themes: 1,
      findings: 3,
      measures: 7,
      longTermItems: 0,
    });
    expect(allFindings(result).map((f) => [f.title, f.measures])).toEqual([
      [
        '部分企业隐患整改不到位',
        ['建立隐患整改台账，逐项销号', '对重大隐患挂牌督办', '开展“回头看”复查'],
      ],
      ['执法检查频次不足', ['制定年度执法检查计划', '实行“双随机”抽查']],
      ['应急演练不规范', ['修订应急预案', '每半年组织一次综合演练。目前已组织演练2次']],
    ]);
  });
});

describe('full-width digits', () => {
  it('reads "１．" themes and "（１）" findings', () => {
    const result = parseDocument('full-width-digits.txt');
    expect(result.counts).toEqual({
      areas: 1,
      themes: 2,
      findings: 3,
      measures: 4,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦基层治理方面',
        themes: [
          {
            theme: '村级财务管理不规范',
            findings: ['部分村账目公开不及时', '村级工程项目管理不严'],
          },
          { theme: '网格化管理作用发挥不充分', findings: ['网格员业务能力不强'] },
        ],
      },
    ]);
    expect(allFindings(result)[0].measures[1]).toBe('开展村级财务专项审计1次');
    expect(result.warnings).toEqual([]);
  });
});

describe('a finding before any area', () => {
  it('goes under the placeholder area with a warning', () => {
    const result = parseDocument('orphan.txt');
    expect(result.counts).toEqual({
      areas: 2,
      themes: 2,
      findings: 2,
      measures: 3,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: UNPLACED_AREA_TITLE,
        themes: [{ theme: UNPLACED_AREA_TITLE, findings: ['机关作风不够扎实'] }],
      },
      {
        area: '聚焦制度建设方面',
        themes: [{ theme: '内控制度不健全', findings: ['合同管理不规范'] }],
      },
    ]);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^第 2 行：“（1）机关作风不够扎实”出现在任何“（一）…方面”标题之前，已归入“未归类”$/,
      ),
    ]);
  });
});

describe('feedback problem lists (反馈问题清单)', () => {
  it('reads a list without "一、" sections; each finding keeps its title as its measure', () => {
    const result = parseDocument('bare-problem-list.txt');
    expect(result.counts).toEqual({
      areas: 2,
      themes: 3,
      findings: 4,
      measures: 4,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦贯彻落实党的路线方针政策方面',
        themes: [
          {
            theme: '落实乡村振兴战略不够有力',
            findings: ['产业项目带动作用不明显', '部分扶贫资产管护不到位'],
          },
          { theme: '耕地保护责任落实不到位', findings: ['存在违法占用耕地问题'] },
        ],
      },
      {
        area: '聚焦群众身边腐败问题和不正之风方面',
        themes: [{ theme: '惠民资金监管不严', findings: ['个别村虚报冒领补贴资金'] }],
      },
    ]);
    expect(allFindings(result)[0].measures).toEqual(['产业项目带动作用不明显']);
    expect(result.warnings).toEqual([]);
  });

  it('reads "一、聚焦…方面" areas, with "（一）" themes and "1." findings', () => {
    const result = parseDocument('top-level-areas.txt');
    expect(result.counts).toEqual({
      areas: 2,
      themes: 3,
      findings: 4,
      measures: 4,
      longTermItems: 0,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦党的领导方面',
        themes: [
          {
            theme: '学习贯彻党的创新理论不够深入',
            findings: ['第一议题制度落实不到位', '理论学习与业务工作结合不紧'],
          },
          { theme: '落实意识形态工作责任制不到位', findings: ['阵地管理存在薄弱环节'] },
        ],
      },
      {
        area: '聚焦全面从严治党方面',
        themes: [{ theme: '监督执纪问责不够有力', findings: ['对苗头性问题处置不及时'] }],
      },
    ]);
  });
});

describe('committee section and next steps', () => {
  it('does not take their "一是" lists (own lines or inline) as measures or findings', () => {
    const result = parseDocument('org-and-next-steps.txt');
    expect(result.counts).toEqual({
      areas: 1,
      themes: 1,
      findings: 1,
      measures: 2,
      longTermItems: 0,
    });
    expect(allFindings(result)[0].measures).toEqual(['制定数据审核细则', '开展数据质量专项检查']);
    expect(result.warnings).toEqual([]);
  });
});

describe('long-term section', () => {
  const result = parseDocument('long-term.txt');
  const findings = allFindings(result);

  it('marks findings cited by title (plain or as 关于“…”问题) and adds new items under the section', () => {
    expect(result.counts).toEqual({
      areas: 2,
      themes: 2,
      findings: 4,
      measures: 7,
      longTermItems: 4,
    });
    expect(shape(result)).toEqual([
      {
        area: '聚焦乡村振兴方面',
        themes: [
          { theme: '产业发展基础薄弱', findings: ['特色产业规模不大', '农村人居环境整治不彻底'] },
        ],
      },
      {
        area: '需长期整改事项进展情况',
        themes: [
          { theme: '需长期整改事项进展情况', findings: ['智慧农业平台建设', '高标准农田建设'] },
        ],
      },
    ]);
    expect(findings.map((f) => f.longTerm)).toEqual([true, true, true, true]);
    expect(findings[0].longTermEntry).toEqual({
      title: '特色产业规模不大',
      progress: '产业规模扩大需分年度推进，计划2027年底前产值翻一番',
      line: 9,
      match: 'title',
    });
    expect(findings[1].longTermEntry).toMatchObject({
      title: '关于“农村人居环境整治不彻底”问题',
      progress: '已纳入全县人居环境提升三年行动，持续推进',
    });
    expect(findings[3].longTermEntry).toMatchObject({
      title: '高标准农田建设',
      progress: '一是2025年建成1万亩；二是2026年再建成2万亩',
      match: 'own',
    });
    expect(findings[2].measures).toEqual(['平台建设需分期实施，2026年完成一期']);
    expect(findings[3].measures).toEqual(['2025年建成1万亩', '2026年再建成2万亩']);
  });

  it('warns about the duplicate entry and each new item; ignores the next-steps list', () => {
    expect(result.warnings).toEqual([
      expect.stringMatching(/^第 11 行：长期整改事项“特色产业规模不大”重复列出/),
      expect.stringMatching(
        /^第 12 行：长期整改事项“智慧农业平台建设”未对应到已列出的问题，已作为新问题归入“需长期整改事项进展情况”$/,
      ),
      expect.stringMatching(/^第 13 行：长期整改事项“高标准农田建设”未对应到已列出的问题/),
    ]);
  });

  it('does not guess a match from shared officialese alone', () => {
    const text = readDocument('long-term.txt').replace(
      '（四）智慧农业平台建设。平台建设需分期实施，2026年完成一期。',
      '（四）党员教育管理不够规范。需长期坚持，持续加强党员日常教育管理。',
    );
    const again = parseRectificationText(text);
    expect(allFindings(again).map((f) => f.title)).toContain('党员教育管理不够规范');
  });
});

describe('text that is not a report', () => {
  it.each([
    ['non-genre.txt', readDocument('non-genre.txt')],
    ['empty', ''],
    ['blank lines', '\n\n   \n\u3000\n'],
  ])('%s gives 0 findings and a warning', (_name, text) => {
    const result = parseRectificationText(text);
    expect(result.counts).toEqual({
      areas: 0,
      themes: 0,
      findings: 0,
      measures: 0,
      longTermItems: 0,
    });
    expect(result.areas).toEqual([]);
    expect(result.publication).toBeNull();
    expect(result.warnings).toHaveLength(1);
  });

  it('does not throw on a non-string passed from untyped code', () => {
    for (const value of [undefined, null, 42, {}, []]) {
      const result = parseRectificationText(value as unknown as string);
      expect(result.counts.findings).toBe(0);
      expect(result.warnings.length).toBeGreaterThan(0);
    }
  });
});

describe('smaller edge cases', () => {
  it('reads several headings pasted on one line', () => {
    const result = parseRectificationText(
      '二、巡察反馈问题整改落实情况（一）聚焦作风方面\n1.作风不实。（1）会多。一是减少会议；二是合并会议。（2）文多。',
    );
    expect(shape(result)).toEqual([
      { area: '聚焦作风方面', themes: [{ theme: '作风不实', findings: ['会多', '文多'] }] },
    ]);
    expect(allFindings(result)[0].measures).toEqual(['减少会议', '合并会议']);
  });

  it('takes the title from the next line when a marker stands alone', () => {
    const result = parseRectificationText(
      '（一）聚焦作风方面\n1.\n作风不实。\n（1）\n会多。\n一是减少会议。',
    );
    expect(shape(result)).toEqual([
      { area: '聚焦作风方面', themes: [{ theme: '作风不实', findings: ['会多'] }] },
    ]);
  });

  it('ignores an empty long-term entry with a warning', () => {
    const result = parseRectificationText(
      '（一）聚焦作风方面\n1.作风不实。\n（1）会多。一是减少会议。\n三、需长期整改事项\n（一）\n（二）会多。持续压减。',
    );
    expect(result.counts).toEqual({
      areas: 1,
      themes: 1,
      findings: 1,
      measures: 1,
      longTermItems: 1,
    });
    expect(result.warnings).toEqual([expect.stringMatching(/长期整改事项“（一）”没有内容/)]);
  });

  it('imports findings under an unrecognised section, with a warning', () => {
    const result = parseRectificationText(
      '二、其他\n（一）聚焦作风方面\n1.作风不实。\n（1）会多。',
    );
    expect(result.counts.findings).toBe(1);
    expect(result.warnings).toEqual([expect.stringMatching(/未识别的一级标题“其他”/)]);
  });
});
