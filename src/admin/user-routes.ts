import { Router } from "express";
import type { Directory } from "../directory";
import type { Outbox } from "../notify";
import { parseInput } from "../http";
import { orgOf } from "./authorize";
import { userCreate, userList, userUpdate } from "./schemas";

export function userRoutes(directory: Directory, outbox: Outbox): Router {
  const router = Router({ mergeParams: true });
  const { users } = directory;

  router.get("/", async (req, res) => {
    const page = await users.list(orgOf(req).id, parseInput(userList, req.query, "query"));
    res.json(page);
  });
  router.post("/", async (req, res) => {
    const org = orgOf(req);
    const user = await users.create(org.id, parseInput(userCreate, req.body), { source: "manual" });
    res
      .status(201)
      .location(`${req.baseUrl}/${user.id}`)
      .json(await users.view(org.id, user.id));
  });
  router.get("/:id", async (req, res) => {
    res.json(await users.view(orgOf(req).id, req.params.id as string));
  });
  // Delivery status of the user's messages (activation, resets…), recipients masked.
  router.get("/:id/deliveries", async (req, res) => {
    const org = orgOf(req);
    const user = await users.get(org.id, req.params.id as string);
    res.json({ items: await outbox.deliveriesFor(org.id, user.id) });
  });
  router.patch("/:id", async (req, res) => {
    const org = orgOf(req);
    const user = await users.update(org.id, req.params.id as string, parseInput(userUpdate, req.body));
    res.json(await users.view(org.id, user.id));
  });
  router.post("/:id/deactivate", async (req, res) => {
    const org = orgOf(req);
    const user = await users.setStatus(org.id, req.params.id as string, "deactivated");
    res.json(await users.view(org.id, user.id));
  });
  router.post("/:id/reactivate", async (req, res) => {
    const org = orgOf(req);
    const current = await users.get(org.id, req.params.id as string);
    // Back to where the person was: active if they had set a password, else still pending.
    const status = current.passwordHash ? "active" : "pending";
    const user = await users.setStatus(
      org.id,
      current.id,
      current.status === "deactivated" ? status : current.status,
    );
    res.json(await users.view(org.id, user.id));
  });
  router.delete("/:id", async (req, res) => {
    await users.delete(orgOf(req).id, req.params.id as string);
    res.status(204).end();
  });
  return router;
}
