export * from "./organisation.entity";
export * from "./catalog.entities";
export * from "./user.entity";
export * from "./event.entity";
