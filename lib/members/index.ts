// Teams (Polar's member model): the one place every door calls for members.
export { addTeamMember, listTeamActivity, listTeamMembers, NOT_A_TEAM, removeTeamMember, updateTeamMember } from "./team";
export { MEMBER_REFUSALS } from "./changes";
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
export { ensureOwner, ensureOwnerOf, followCustomerEmail } from "./owner";
export { addOrFindTeamMember, findTeamMember, getTeamPage, offersOn, type MemberOffers, type TeamPageMember } from "./portal-teams";
