from django.core.paginator import Paginator
from django.utils.functional import cached_property


class SearchPaginator(Paginator):
    """A Paginator that spares a search one pass over the table. A word that matches few
    rows makes the database read every row twice, once to count and once for the page;
    here the first page is read first (one row more than a page), and when that is all
    there is, its length is the count. The first page is then served from those rows."""

    _first_rows = None

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
