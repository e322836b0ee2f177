import type { DataSource } from "typeorm";
import { selectOne } from "../db";
import type { Directory } from "../directory";
import type { ScimGroupService } from "./groups/service";
import { parseListParams, projectionOf } from "./http/list-params";
import { ScimError } from "./protocol";
import { listUsers, renderUsers } from "./users/read";
import type { ScimUserService, WriteResult } from "./users/service";
import { User } from "../directory";

/** The outcome of one SCIM operation, whether it came over HTTP or inside a Bulk request. */
export interface ScimResult {
  status: number;
  body?: Record<string, unknown>;
  location?: string;
  etag?: string;
  resourceId?: string;
  summary?: string;
}

export type Query = Record<string, unknown>;

/**
 * The SCIM endpoints as plain functions of (organisation, method, path, body, query): the
 * express router and the Bulk endpoint both dispatch here, so there is one behaviour.
 */
export class ScimApi {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: Directory,
    private readonly users: ScimUserService,
    private readonly groups: ScimGroupService,
    readonly baseUrl: string,
  ) {}

  async userResult(
    organisationId: string,
    id: string,
    status: number,
    query: Query,
    summary?: string,
    written?: WriteResult["written"],
  ): Promise<ScimResult> {
    // A writer that holds the stored row (and SCIM record) saves reading them back.
    const user = written?.user ?? (await selectOne(this.dataSource.manager, User, { id, organisationId }));
    if (!user) throw new ScimError(404, "User not found");
    const [body] = await renderUsers(
      this.dataSource.manager,
      this.directory,
      [user],
      this.baseUrl,
      projectionOf(query),
      written ? new Map(written.record ? [[user.id, written.record]] : []) : undefined,
      written?.groups ? new Map([[user.id, written.groups]]) : undefined,
    );
    const meta = (body?.meta ?? {}) as { location?: string; version?: string };
    return { status, body, location: meta.location, etag: meta.version, resourceId: id, summary };
  }

  async dispatch(
    organisationId: string,
    method: string,
    path: string,
    body: unknown,
    query: Query,
    ifMatch?: string,
  ): Promise<ScimResult> {
    const match = /^\/(users|groups)(?:\/([^/]+))?\/?$/i.exec(path);
    if (!match) throw new ScimError(404, `No SCIM endpoint at ${path}`);
    const kind = (match[1] as string).toLowerCase();
    const id = match[2] ? safeDecode(match[2]) : undefined;
    if (kind === "users") return this.dispatchUsers(organisationId, method, id, body, query, ifMatch);
    return this.dispatchGroups(organisationId, method, id, body, query, ifMatch);
  }

  private async dispatchUsers(
    org: string,
    method: string,
    id: string | undefined,
    body: unknown,
    query: Query,
    ifMatch?: string,
  ) {
    if (!id) {
      if (method === "GET")
        return {
          status: 200,
          body: await listUsers(this.dataSource, this.directory, org, parseListParams(query), this.baseUrl),
        };
      if (method === "POST") {
        const created = await this.users.create(org, body);
        return this.userResult(org, created.id, 201, query, created.summary, created.written);
      }
    } else {
      if (method === "GET") {
        await this.users.load(this.dataSource.manager, org, id);
        return this.userResult(org, id, 200, query);
      }
      if (method === "PUT") {
        const written = await this.users.replace(org, id, body, ifMatch);
        return this.userResult(org, id, 200, query, written.summary);
      }
      if (method === "PATCH") {
        const written = await this.users.patch(org, id, body, ifMatch);
        return this.userResult(org, id, 200, query, written.summary, written.written);
      }
      if (method === "DELETE") {
        const written = await this.users.delete(org, id, ifMatch);
        return { status: 204, resourceId: id, summary: written.summary };
      }
    }
    throw new ScimError(405, `${method} is not supported here`);
  }

  private async dispatchGroups(
    org: string,
    method: string,
    id: string | undefined,
    body: unknown,
    query: Query,
    ifMatch?: string,
  ) {
    const projection = projectionOf(query);
    if (!id) {
      if (method === "GET")
        return { status: 200, body: await this.groups.list(org, parseListParams(query), this.baseUrl) };
      if (method === "POST") {
        const created = await this.groups.create(org, body);
        const resource = await this.groups.get(org, created.id, projection, this.baseUrl);
        // `attributes`/`excludedAttributes` may have projected meta away.
        const meta = (resource.meta ?? {}) as { location?: string; version?: string };
        return {
          status: 201,
          body: resource,
          location: meta.location,
          etag: meta.version,
          resourceId: created.id,
          summary: created.summary,
        };
      }
    } else {
      if (method === "GET") {
        const resource = await this.groups.get(org, id, projection, this.baseUrl);
        return {
          status: 200,
          body: resource,
          etag: (resource.meta as { version?: string } | undefined)?.version,
          resourceId: id,
        };
      }
      if (method === "PUT") {
        const written = await this.groups.replace(org, id, body, ifMatch);
        const resource = await this.groups.get(org, id, projection, this.baseUrl);
        return { status: 200, body: resource, resourceId: id, summary: written.summary };
      }
      // Groups answer PATCH with 204: both clients accept it and a big group is never rendered.
      if (method === "PATCH") {
        const written = await this.groups.patch(org, id, body, ifMatch);
        return { status: 204, resourceId: id, summary: written.summary };
      }
      if (method === "DELETE") {
        const written = await this.groups.delete(org, id, ifMatch);
        return { status: 204, resourceId: id, summary: written.summary };
      }
    }
    throw new ScimError(405, `${method} is not supported here`);
  }

  /** POST /.search (RFC 7644 §3.4.3): the query in the body. */
  searchQuery(body: unknown): Query {
    if (!body || typeof body !== "object") return {};
    const b = body as Record<string, unknown>;
    const join = (v: unknown) => (Array.isArray(v) ? v.join(",") : v);
    return {
      filter: b.filter,
      startIndex: b.startIndex === undefined ? undefined : String(b.startIndex),
      count: b.count === undefined ? undefined : String(b.count),
      sortBy: b.sortBy,
      sortOrder: b.sortOrder,
      attributes: join(b.attributes),
      excludedAttributes: join(b.excludedAttributes),
    };
  }
}

/** Express has decoded the path once already; a literal "%" left in an id is not an error (404, not 500). */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
