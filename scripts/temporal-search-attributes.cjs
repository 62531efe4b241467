// The custom search attributes operators filter findings by (`temporal workflow list --query
// 'RectiflowStage="review_2"'`, the Temporal UI). Registered by the dev server's start
// (--search-attribute) and by scripts/temporal-setup.mjs on a cluster; the workflow upserts
// them. Names and types must match the keys the workflow code declares.
'use strict';

const SEARCH_ATTRIBUTES = {
  RectiflowRound: 'Keyword',
  RectiflowStage: 'Keyword',
  RectiflowLeadDepartment: 'Keyword',
  RectiflowLeader: 'Keyword',
  RectiflowLight: 'Keyword',
  RectiflowOverdue: 'Bool',
};

module.exports = { SEARCH_ATTRIBUTES };
