import type { Request, Response, Router } from "express";
import { userCreate, userUpdate } from "../../../admin";
import type { UserView } from "../../../directory";
import { parseInput } from "../../../http";
import { html } from "../../../web";

import { auditedWrite } from "../../audit";
import { confirmed } from "../../confirm";
import { t as translate } from "../../i18n";
import { consolePage, setFlash } from "../../shell";
import { pageHeader, problemsOf, type FieldProblems } from "../../ui";
import { asUserInput, formValues, userForm, valuesOf, type UserFormValues } from "../user-form";
import type { UsersContext } from "./context";

/** `GET /users/new` and `POST /users`: create through directory.users (the same rules and errors). */
export function createRoutes(router: Router, ctx: UsersContext): void {
  const { deps, base, catalogues } = ctx;
  const { directory } = deps;

  const createPage = async (
    req: Request,
    res: Response,
    values: UserFormValues,
    problems?: FieldProblems,
    status?: number,
  ) => {
    const t = translate(req);
    const body = html`${pageHeader(t("users.createTitle"), {
      actions: html`<a class="button secondary" href="${base(req)}">${t("common.back")}</a>`,
    })}
    ${userForm(req, t, { action: base(req), values, catalogues: await catalogues(req.org!.id), problems, submit: t("common.create") })}`;
    consolePage(req, res, { title: t("users.createTitle"), section: "users", body, status });
  };

  router.get("/new", async (req, res) => {
    const org = req.org!;
    await createPage(req, res, {
      ...formValues({}),
      language: org.defaultLanguage,
      jobProfileId: org.defaultJobProfileId ?? "",
      departmentIds: org.defaultDepartmentId ? [org.defaultDepartmentId] : [],
      permissionTypeIds: org.defaultPermissionTypeId ? [org.defaultPermissionTypeId] : [],
    });
  });

  router.post("/", async (req, res) => {
    const org = req.org!;
    const values = formValues(req.body as Record<string, unknown>);
    try {
      const input = parseInput(userCreate, asUserInput(values));
      const user = await auditedWrite(
        deps,
        req,
        (tx) => directory.users.create(org.id, input, { source: "manual" }, tx),
        (created) => ({
          action: "user.create",
          target: { type: "user", id: created.id, label: `${created.firstName} ${created.lastName}` },
        }),
      );
      setFlash(req, res, { kind: "ok", text: translate(req)("users.created") });
      res.redirect(303, `${base(req)}/${user.id}`);
    } catch (error) {
      await createPage(req, res, values, problemsOf(error, translate(req)), 422);
    }
  });
}

/** `GET /users/:id/edit` and `POST /users/:id`: edit through directory.users. */
export function editRoutes(router: Router, ctx: UsersContext): void {
  const { deps, base, catalogues } = ctx;
  const { directory } = deps;

  const editPage = async (
    req: Request,
    res: Response,
    user: UserView,
    values: UserFormValues,
    problems?: FieldProblems,
    status?: number,
  ) => {
    const t = translate(req);
    const title = t("users.editTitle", { name: `${user.firstName} ${user.lastName}` });
    const body = html`${pageHeader(title, {
      actions: html`<a class="button secondary" href="${base(req)}/${user.id}">${t("common.cancel")}</a>`,
    })}
    ${userForm(req, t, { action: `${base(req)}/${user.id}`, values, catalogues: await catalogues(req.org!.id), problems, submit: t("common.save") })}`;
    consolePage(req, res, { title, section: "users", body, status });
  };

  router.get("/:id/edit", async (req, res) => {
    const user = await directory.users.view(req.org!.id, req.params.id as string);
    await editPage(req, res, user, valuesOf(user));
  });

  router.post("/:id", async (req, res) => {
    const org = req.org!;
    const user = await directory.users.view(org.id, req.params.id as string);
    const values = formValues(req.body as Record<string, unknown>);
    try {
      const input = parseInput(userUpdate, asUserInput(values));
      await auditedWrite(
        deps,
        req,
        (tx) => directory.users.update(org.id, user.id, input, tx),
        (updated) => ({
          action: "user.update",
          target: { type: "user", id: user.id, label: `${updated.firstName} ${updated.lastName}` },
          summary: changedFields(user, values),
        }),
      );
      setFlash(req, res, { kind: "ok", text: translate(req)("users.updated") });
      res.redirect(303, `${base(req)}/${user.id}`);
    } catch (error) {
      await editPage(req, res, user, values, problemsOf(error, translate(req)), 422);
    }
  });
}

/** `POST /users/:id/deactivate` and `/reactivate` (as src/admin/user-routes.ts). */
export function statusRoutes(router: Router, ctx: UsersContext): void {
  const { deps, base } = ctx;
  const { directory } = deps;

  router.post("/:id/deactivate", async (req, res) => {
    const org = req.org!;
    const target = await directory.users.view(org.id, req.params.id as string);
    const t = translate(req);
    // Signing yourself out for good (possibly the last administrator) is never one click away.
    if (target.id === req.consoleUser?.id) {
      setFlash(req, res, { kind: "error", text: t("users.notYourself") });
      return res.redirect(303, `${base(req)}/${target.id}`);
    }
    const name = `${target.firstName} ${target.lastName}`;
    const ok = confirmed(req, res, {
      section: "users",
      title: t("confirm.deactivateTitle", { name }),
      question: t("confirm.deactivate", { name }),
      button: t("confirm.deactivateButton"),
      cancelHref: `${base(req)}/${target.id}`,
    });
    if (!ok) return;
    const user = await auditedWrite(
      deps,
      req,
      (tx) => directory.users.setStatus(org.id, target.id, "deactivated", tx),
      (changed) => ({
        action: "user.deactivate",
        target: { type: "user", id: changed.id, label: `${changed.firstName} ${changed.lastName}` },
      }),
    );
    setFlash(req, res, { kind: "ok", text: translate(req)("users.deactivated") });
    res.redirect(303, `${base(req)}/${user.id}`);
  });

  router.post("/:id/reactivate", async (req, res) => {
    const org = req.org!;
    const current = await directory.users.get(org.id, req.params.id as string);
    // Back to where the person was: active if they had set a password, else still pending.
    const status = current.passwordHash ? "active" : "pending";
    const user = await auditedWrite(
      deps,
      req,
      (tx) =>
        directory.users.setStatus(
          org.id,
          current.id,
          current.status === "deactivated" ? status : current.status,
          tx,
        ),
      (changed) => ({
        action: "user.reactivate",
        target: { type: "user", id: changed.id, label: `${changed.firstName} ${changed.lastName}` },
      }),
    );
    setFlash(req, res, { kind: "ok", text: translate(req)("users.reactivated") });
    res.redirect(303, `${base(req)}/${user.id}`);
  });
}

/** "email, departments" — which fields an edit changed (never their values: the log is not a copy). */
function changedFields(before: UserView, after: UserFormValues): string {
  const was = valuesOf(before);
  const changed = (Object.keys(was) as Array<keyof UserFormValues>).filter((key) => {
    const a = was[key];
    const b = after[key];
    return Array.isArray(a) ? [...a].sort().join() !== [...(b as string[])].sort().join() : a !== b;
  });
  return changed.length ? `changed: ${changed.join(", ")}` : "no changes";
}
