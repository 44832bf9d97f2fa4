import { useTranslations } from "next-intl";
import { buttonStyles, selectStyles } from "@/components/ui/styles";

export type RoleView = "owner" | "billing_manager" | "member";

/** A team as the header names it: the billing customer's name (or address), and the role signed in. */
export type TeamView = { id: string; name: string; role: RoleView };

/**
 * Which team the person is signed in for, as which role, under the header's first line; with
 * a plain form to switch when they administer more than one (no JavaScript needed).
 */
export function TeamContext({ team, teams, choose }: { team: TeamView; teams: TeamView[]; choose: (formData: FormData) => Promise<void> }) {
  const t = useTranslations("Portal");
  const roles = useTranslations("Roles");
  const strong = (chunks: React.ReactNode) => <span className="font-medium text-zinc-900 dark:text-zinc-100">{chunks}</span>;
  return (
    <div className="border-t border-zinc-100 bg-zinc-50/60 dark:border-zinc-800 dark:bg-zinc-900/60">
      <div className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 text-sm sm:px-6">
        <p className="min-w-0 break-words text-zinc-600 dark:text-zinc-400" data-testid="signed-in-team">
          {t.rich("actingAs", { role: roles(team.role), team: team.name, strong })}
        </p>
        {teams.length > 1 ? (
          <form action={choose} className="flex items-center gap-2 sm:ml-auto">
            <label htmlFor="portal-team" className="text-zinc-600 dark:text-zinc-400">
              {t("chooseTeam")}
            </label>
            <select id="portal-team" name="team" defaultValue={team.id} className={`${selectStyles} max-w-[12rem] py-1.5 sm:max-w-xs`}>
              {teams.map((option) => (
                <option key={option.id} value={option.id}>
                  {t("teamOption", { team: option.name, role: roles(option.role) })}
                </option>
              ))}
            </select>
            <button type="submit" className={`${buttonStyles.secondary} px-2.5 py-1.5`}>
              {t("switchTeam")}
            </button>
          </form>
        ) : null}
      </div>
    </div>
  );
}
