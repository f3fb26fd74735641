// Which lists of GET /api/v1/vocabulary name which group of codes ("states" → state.handling): the
// UI's i18n and the e2e wording check both read this, so neither keeps its own copy.
export const VOCABULARY_GROUPS = { states: 'state', stages: 'stage', channels: 'channel', urgencies: 'urgency', roles: 'role' };
