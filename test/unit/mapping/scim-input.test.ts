import { scimUserToMappingInput } from "../../../src/mapping";

describe("scimUserToMappingInput", () => {
  test("canonical SCIM attributes become lower-camel paths; groups are copied", () => {
    const groups = [{ id: "g1", displayName: "Sales", externalId: null }];
    const input = scimUserToMappingInput(
      {
        title: "Nurse",
        preferredLanguage: "da-DK",
        enterprise: { department: "Sales", costCenter: "42" },
        lms: { departments: ["A", "B"], language: "da" },
      },
      groups,
    );
    expect(input.attributes).toMatchObject({
      title: "Nurse",
      preferredLanguage: "da-DK",
      "enterprise.department": "Sales",
      "enterprise.costCenter": "42",
      "lms.departments": ["A", "B"],
      "lms.language": "da",
    });
    expect(input.attributes["lms.jobProfile"]).toBeUndefined();
    expect(input.groups).toEqual(groups);
    expect(input.groups[0]).not.toBe(groups[0]);
  });
});
