import { Router } from "express";
import type { CatalogService, Department, JobProfile, PermissionType } from "../directory";
import { parseInput } from "../http";
import { orgOf } from "./authorize";
import { catalogCreate, catalogUpdate } from "./schemas";
import { catalogJson } from "./views";

type Entry = Department | JobProfile | PermissionType;

/** The same five routes for departments, job profiles and permission types. */
export function catalogRoutes<T extends Entry>(service: CatalogService<T>): Router {
  const router = Router({ mergeParams: true });
  router.get("/", async (req, res) => {
    const org = orgOf(req);
    const entries = await service.list(org.id);
    res.json({ items: entries.map((e) => catalogJson(e, org)) });
  });
  router.post("/", async (req, res) => {
    const org = orgOf(req);
    const entry = await service.create(org.id, parseInput(catalogCreate, req.body));
    res.status(201).json(catalogJson(entry, org));
  });
  router.get("/:id", async (req, res) => {
    const org = orgOf(req);
    res.json(catalogJson(await service.get(org.id, req.params.id as string), org));
  });
  router.patch("/:id", async (req, res) => {
    const org = orgOf(req);
    const entry = await service.update(org.id, req.params.id as string, parseInput(catalogUpdate, req.body));
    res.json(catalogJson(entry, org));
  });
  router.delete("/:id", async (req, res) => {
    await service.delete(orgOf(req).id, req.params.id as string);
    res.status(204).end();
  });
  return router;
}
