import { AccessToken, Session } from "./auth";
import {
  Department,
  JobProfile,
  Organisation,
  PermissionType,
  User,
  UserDepartment,
  UserPermissionType,
} from "./directory";

/** Every entity the DataSource knows; each module that owns tables adds its own here. */
export const ENTITIES = [
  Organisation,
  Department,
  JobProfile,
  PermissionType,
  User,
  UserDepartment,
  UserPermissionType,
  AccessToken,
  Session,
];
