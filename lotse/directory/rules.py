import rules

from lotse.core.rules import (
    is_directory_staff,
    is_member_of_owning_organisation,
    is_region_staff_for_owner,
)

rules.add_perm(
    "directory.change_offer", is_member_of_owning_organisation | is_region_staff_for_owner
)
rules.add_perm(
    "directory.change_location", is_member_of_owning_organisation | is_region_staff_for_owner
)
rules.add_perm("directory.add_offer", is_directory_staff)
