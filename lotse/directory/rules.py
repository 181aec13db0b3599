import rules

from lotse.core.rules import (
    is_area_staff_for_offer,
    is_directory_staff,
    is_member_of_offer_organisation,
)

rules.add_perm("directory.change_offer", is_member_of_offer_organisation | is_area_staff_for_offer)
rules.add_perm("directory.add_offer", is_directory_staff)
