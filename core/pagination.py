from django.core.paginator import Paginator
from django.utils.functional import cached_property


class SearchPaginator(Paginator):
    """A Paginator that spares a search one pass over the table. A word that matches few
    rows makes the database read every row twice, once to count and once for the page;
    here the first page is read first (one row more than a page), and when that is all
    there is, its length is the count. The first page is then served from those rows."""

    _first_rows = None
    more = False  # every match is counted (OnePassPaginator may stop short)

    @cached_property
    def count(self):
        self._first_rows = list(self.object_list[: self.per_page + 1])
        if len(self._first_rows) <= self.per_page:
            return len(self._first_rows)
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 and self._first_rows is not None:
            return self._get_page(self._first_rows[: self.per_page], number, self)
        return super().page(number)


class OnePassPaginator(Paginator):
    """A search's pages in the list's order, counted in the same pass: the ids of the
    matches are read in order (one pass over the clinic's search index), their number is
    the count, and only the page's rows are read whole, from `rows` by id.

    At most `pages` pages are offered: the pass reads the ids of that many pages and one
    more (LIMIT), and when that one is there, `more` is True and the count stops at
    `pages` pages ("more than 480"): a word found in every exercise or in thousands of
    patients no longer has each of its ids read and counted (bench/pages.py's p95 came
    from those words; docs/performance.md, sixth round). The pages are those of the whole
    list, in its order; the page asks the user for more words.

    SearchPaginator reads the first page, then counts: two passes when more than a page
    matches. In family-name order the patients a family name finds ("smith") sit
    together far down the index, so the first page alone read most of it
    (bench/pages.py: patient search p95 went from 60 to 100 ms on a loaded machine; one
    pass brought it below the name order's). An unsearched list keeps SearchPaginator:
    its first page is the index's first rows, and it counts the index alone (the patient
    list, programs/views.py)."""

    def __init__(self, object_list, per_page, *, rows, pages):
        super().__init__(object_list, per_page)
        self.rows = rows
        self.most = per_page * pages

    @cached_property
    def keys(self):
        # A queryset may know a cheaper way to its first ids (ExerciseQuerySet.first_ids).
        first_ids = getattr(self.object_list, "first_ids", None)
        if first_ids is not None:
            return first_ids(self.most + 1)
        return list(self.object_list.values_list("pk", flat=True)[: self.most + 1])

    @cached_property
    def more(self):
        """Whether more match than the pages offered hold (then `count` is their rows)."""
        return len(self.keys) > self.most

    @cached_property
    def count(self):
        return min(len(self.keys), self.most)

    def page(self, number):
        number = self.validate_number(number)
        start = (number - 1) * self.per_page
        keys = self.keys[start : start + self.per_page]
        found = self.rows.in_bulk(keys)
        return self._get_page([found[key] for key in keys], number, self)
