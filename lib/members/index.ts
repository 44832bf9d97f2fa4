// Teams (Polar's member model): the one place every door calls for members.
export { addTeamMember, listTeamActivity, listTeamMembers, NOT_A_TEAM, removeTeamMember, updateTeamMember } from "./team";
export {
  createOrganizationMember,
  deleteOrganizationMember,
  getOrganizationMember,
  listOrganizationMembers,
  memberCustomerRef,
  updateOrganizationMember,
  type CustomerRef,
  type MemberRef,
} from "./merchant";
export { ensureOwner, ensureOwnerOf } from "./owner";
