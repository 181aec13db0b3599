"""Topics of the imported offers: the taxonomy terms the file brings, and the links between
offers and terms.

Existing terms are shared by all regions and never changed by an import; terms the file brings
that we do not have yet are added, linked to an offer or not. A term with the same code in a
taxonomy of the same name counts as the same term, so our own export imported elsewhere finds
the topics there.
"""

import uuid
from collections import defaultdict

from django.utils.translation import gettext as _

from lotse.directory.interop.records import TermRecord
from lotse.directory.interop.writer import CHUNK, RowWriter
from lotse.directory.models import Service, Taxonomy, TaxonomyTerm


def service_terms_sync(*, writer: RowWriter) -> None:
    _TermSync(writer).run()


class _TermSync:
    def __init__(self, writer: RowWriter) -> None:
        self.writer = writer

    def _taxonomy(self, record: TermRecord) -> Taxonomy:
        info = record.taxonomy
        found = None
        if info.id:
            found = Taxonomy.objects.filter(id=info.id).first()
        found = found or Taxonomy.objects.filter(name=info.name).order_by("name", "id").first()
        if found is None:
            found = Taxonomy.objects.create(
                id=info.id or uuid.uuid4(),
                name=info.name[:200],
                description=info.description,
                uri=info.uri[:200],
                version=info.version[:40],
            )
        return found

    def _term(self, term_id: uuid.UUID, resolved: dict, depth: int = 0) -> uuid.UUID | None:
        """Our term for a term id of the file: the same id, or the term with the same code in
        the same taxonomy; created when missing."""
        if term_id in resolved:
            return resolved[term_id]
        stored = TaxonomyTerm.objects.filter(id=term_id).values_list("id", flat=True).first()
        record = self.writer.bundle.terms.get(term_id)
        if stored is None and record is not None and record.name and record.code:
            taxonomy = self._taxonomy(record)
            stored = (
                TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=record.code)
                .values_list("id", flat=True)
                .first()
            )
            if stored is None:
                parent = None
                if record.parent_id and depth < 10:
                    parent = self._term(record.parent_id, resolved, depth + 1)
                TaxonomyTerm.objects.create(
                    id=term_id,
                    taxonomy=taxonomy,
                    parent_id=parent,
                    code=record.code,
                    name=record.name[:200],
                    description=record.description,
                )
                self.writer.counts["terms"]["created"] += 1
                stored = term_id
            else:
                self.writer.counts["terms"]["unchanged"] += 1
        elif stored is not None:
            self.writer.counts["terms"]["unchanged"] += 1
        resolved[term_id] = stored
        return stored

    def run(self) -> None:
        resolved: dict[uuid.UUID, uuid.UUID | None] = {}
        through = Service.terms.through
        wanted: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        # Every term of the file is added when we lack it, linked to an offer or not.
        for term_id in sorted(self.writer.bundle.terms):
            self._term(term_id, resolved)
        for service_id, term_id in sorted(self.writer.bundle.service_terms):
            if service_id not in self.writer.kept["services"]:
                continue
            ours = self._term(term_id, resolved)
            if ours is None:
                self.writer.notes.skip_row(
                    self.writer.bundle.services[service_id].where,
                    _("Das Thema %(id)s fehlt in der Datei") % {"id": term_id},
                    kind="service_terms",
                )
                continue
            wanted[service_id].add(ours)
        services = set(wanted) | (self.writer.given("service.terms") & self.writer.kept["services"])
        stored: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
        ids = list(services)
        for start in range(0, len(ids), CHUNK):
            pairs = through.objects.filter(service_id__in=ids[start : start + CHUNK])
            for service_id, term_id in pairs.values_list("service_id", "taxonomyterm_id"):
                stored[service_id].add(term_id)
        create, delete = [], []
        given = self.writer.given("service.terms")
        for service_id in services:
            have, want = stored[service_id], wanted[service_id]
            add = want - have
            drop = (have - want) if service_id in given else set()
            create += [through(service_id=service_id, taxonomyterm_id=t) for t in add]
            delete += [(service_id, t) for t in drop]
            self.writer.counts["service_terms"]["unchanged"] += len(want & have)
            if add or drop:
                self.writer.dirty_services.add(service_id)
        through.objects.bulk_create(create, batch_size=1000)
        for service_id, term_id in delete:
            through.objects.filter(service_id=service_id, taxonomyterm_id=term_id).delete()
        self.writer.counts["service_terms"]["created"] += len(create)
        self.writer.counts["service_terms"]["deleted"] += len(delete)
