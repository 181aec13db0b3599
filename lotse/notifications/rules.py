"""Who may print the letters and see the messages of an organisation's persons: the roles that
work with its persons (lotse.people.rules)."""

import rules

from lotse.people.rules import works_with_people_of

rules.add_perm("notifications.view_message", works_with_people_of)
rules.add_perm("notifications.print_letter", works_with_people_of)
