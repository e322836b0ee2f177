export { applyUserPatch, type UserPatchResult } from "./user";
export { planGroupPatch, type GroupPatchPlan, type MembershipChange } from "./group";
export { MAX_OPERATIONS, parseOperations, type PatchOp, type PatchOperation } from "./operations";
export { parsePatchPath, type PatchTarget } from "./path";
export { matchValueFilter, parseValueFilter, type ValueFilter } from "./value-filter";
