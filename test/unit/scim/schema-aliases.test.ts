import { normalizeUserInput, applyUserPatch } from "../../../src/scim/protocol";

// Entra's attribute editor names custom attributes urn:ietf:params:scim:schemas:extension:<Name>:2.0:User:<attr>.
describe("Admit's LMS extension under the urn:ietf:…:extension:lms:2.0:User alias", () => {
  it("when a create body uses the alias object, then the fields land in the LMS extension", () => {
    const { resource } = normalizeUserInput({
      userName: "ann@x.test",
      "urn:ietf:params:scim:schemas:extension:lms:2.0:User": { jobProfile: "Nurse", departments: ["ER"] },
    });
    expect(resource.lms).toEqual({ jobProfile: "Nurse", departments: ["ER"] });
  });

  it("when a PATCH path uses the alias, then it sets the LMS attribute", () => {
    const { resource, changed } = applyUserPatch(
      { userName: "ann@x.test" },
      {
        Operations: [
          { op: "add", path: "urn:ietf:params:scim:schemas:extension:lms:2.0:User:language", value: "da" },
        ],
      },
    );
    expect(resource.lms?.language).toBe("da");
    expect(changed).toEqual(["lms.language"]);
  });

  it("when an unrelated extension URN is sent, then it is still ignored", () => {
    const { resource, ignored } = normalizeUserInput({
      userName: "ann@x.test",
      "urn:ietf:params:scim:schemas:extension:other:2.0:User": { jobProfile: "Nurse" },
    });
    expect(resource.lms).toBeUndefined();
    expect(ignored.length).toBeGreaterThan(0);
  });
});
