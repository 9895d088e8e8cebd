"""A small client for Statistics Denmark's StatBank API (https://api.statbank.dk/v1).

It asks /tableinfo first and refuses codes the table does not have, fetches data in BULK format
with valuePresentation=Code, retries time-outs and server errors, splits a request that hits
the 1,000,000-cell REQUEST-LIMIT into halves, and finds the newest projection table.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from .areas import normalise_code

BASE_URL = "https://api.statbank.dk/v1"
TABLE_URL = "https://www.statbank.dk/{table}"
RETRY_STATUS = {429, 500, 502, 503, 504}


class StatbankError(Exception):
    """Something StatBank refused or could not answer; the message is for people."""


class StatbankUnavailable(StatbankError):
    pass


class RequestLimitError(StatbankError):
    pass


@dataclass(frozen=True)
class Variable:
    id: str
    text: str
    elimination: bool
    time: bool
    values: tuple[str, ...]


@dataclass(frozen=True)
class TableInfo:
    id: str
    text: str
    unit: str
    updated: str
    variables: tuple[Variable, ...]
    raw: dict[str, Any]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "TableInfo":
        try:
            variables = tuple(
                Variable(
                    id=v["id"],
                    text=v.get("text", ""),
                    elimination=bool(v.get("elimination", False)),
                    time=bool(v.get("time", False)),
                    values=tuple(str(value["id"]) for value in v.get("values", [])),
                )
                for v in data["variables"]
            )
            return cls(
                id=data["id"],
                text=data.get("text", ""),
                unit=data.get("unit", ""),
                updated=data.get("updated", ""),
                variables=variables,
                raw=data,
            )
        except (KeyError, TypeError) as error:
            raise StatbankError(f"An unexpected answer from /tableinfo: {error}") from None

    def variable(self, name: str) -> Variable | None:
        wanted = name.upper()
        return next((v for v in self.variables if v.id.upper() == wanted), None)

    def allowed_codes(self) -> dict[str, set[str]]:
        """Each variable's codes, under the name the data files use (Tid is TID there)."""
        return {v.id.upper(): set(v.values) for v in self.variables}

    def expand(self, variable: Variable, codes: list[str]) -> list[str]:
        """'*' is every code, '2023*' every code starting 2023; others must exist."""
        result: list[str] = []
        for code in codes:
            if code == "*":
                result.extend(variable.values)
            elif code.endswith("*"):
                result.extend(v for v in variable.values if v.startswith(code[:-1]))
            elif code in variable.values:
                result.append(code)
            else:
                match = [v for v in variable.values if normalise_code(v) == normalise_code(code)]
                if not match:
                    raise StatbankError(
                        f"{self.id} has no code {code!r} for {variable.id} "
                        f"(it has e.g. {', '.join(variable.values[:8])})."
                    )
                result.append(match[0])
        return list(dict.fromkeys(result))

    def resolve(self, variables: dict[str, list[str]]) -> dict[str, list[str]]:
        """Check a request against the table: known variables, known codes, none left out."""
        resolved: dict[str, list[str]] = {}
        for name, codes in variables.items():
            variable = self.variable(name)
            if variable is None:
                raise StatbankError(f"{self.id} has no variable {name!r}.")
            resolved[variable.id] = self.expand(variable, codes)
            if not resolved[variable.id]:
                raise StatbankError(f"No code of {self.id} matches {codes} for {variable.id}.")
        missing = [v.id for v in self.variables if v.id not in resolved]
        if missing:
            raise StatbankError(
                f"A BULK request for {self.id} must give every variable; missing: "
                f"{', '.join(missing)}."
            )
        return resolved


def newest_table(tables: list[dict[str, Any]], prefix: str) -> str | None:
    """The newest of a family of tables named prefix + two digits (FRKM125 after FRKM124)."""
    pattern = re.compile(re.escape(prefix) + r"(\d{2})$")
    found = [
        (int(match.group(1)), table["id"])
        for table in tables
        if (match := pattern.match(str(table.get("id", "")))) and table.get("active", True)
    ]
    return max(found)[1] if found else None


class StatbankClient:
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
        lang: str = "da",
    ):
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.lang = lang
        self.requests: list[dict[str, Any]] = []
        self._http = httpx.Client(
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": "uddannelsesby (indicators)"},
        )

    def __enter__(self) -> "StatbankClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def _post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        url = f"{self.base_url}/{path}"
        for attempt in range(self.retries + 1):
            try:
                response = self._http.post(url, json=body)
            except httpx.HTTPError as error:
                failure = f"{type(error).__name__}: {error}".rstrip(": ")
            else:
                if response.status_code not in RETRY_STATUS:
                    self.requests.append({"url": url, "body": body})
                    return response
                failure = f"HTTP {response.status_code}"
            if attempt < self.retries:
                self.sleep(self.backoff * 2**attempt)
        raise StatbankUnavailable(
            f"Statistics Denmark's StatBank ({self.base_url}) could not be reached after "
            f"{self.retries + 1} tries ({failure})."
        )

    @staticmethod
    def _error(response: httpx.Response) -> tuple[str, str] | None:
        """StatBank's error object ({"errorTypeCode": ..., "message": ...}), if it is one."""
        if not response.content.lstrip().startswith(b"{"):
            return None if response.is_success else ("HTTP", f"HTTP {response.status_code}")
        try:
            data = response.json()
        except ValueError:
            return None
        if isinstance(data, dict) and "errorTypeCode" in data:
            return str(data["errorTypeCode"]), str(data.get("message", ""))
        return None if response.is_success else ("HTTP", f"HTTP {response.status_code}")

    def _json(self, path: str, body: dict[str, Any]) -> Any:
        response = self._post(path, body)
        error = self._error(response)
        if error:
            raise StatbankError(f"StatBank refused {path}: {error[0]} {error[1]}".strip())
        try:
            return response.json()
        except ValueError:
            raise StatbankError(
                f"StatBank answered {path} with something else than JSON."
            ) from None

    def tables(self) -> list[dict[str, Any]]:
        return self._json("tables", {"lang": self.lang, "format": "JSON"})

    def tableinfo(self, table: str) -> TableInfo:
        return TableInfo.from_json(
            self._json(f"tableinfo/{table}", {"lang": self.lang, "format": "JSON"})
        )

    def newest_table(self, prefix: str) -> str:
        table = newest_table(self.tables(), prefix)
        if table is None:
            raise StatbankError(f"StatBank has no active table named {prefix}yy.")
        return table

    def data(
        self,
        table: str,
        variables: dict[str, list[str]],
        *,
        info: TableInfo | None = None,
        format: str = "BULK",
    ) -> bytes:
        """The table's data for the given codes, checked against /tableinfo first."""
        info = info or self.tableinfo(table)
        return self._data(table, info.resolve(variables), format)

    def _body(self, table: str, variables: dict[str, list[str]], format: str) -> dict[str, Any]:
        return {
            "table": table,
            "format": format,
            "lang": self.lang,
            "valuePresentation": "Code",
            "variables": [{"code": name, "values": codes} for name, codes in variables.items()],
        }

    def _data(self, table: str, variables: dict[str, list[str]], format: str) -> bytes:
        response = self._post(f"data/{table}/{format}", self._body(table, variables, format))
        error = self._error(response)
        if error is None:
            return response.content
        code, message = error
        if code != "REQUEST-LIMIT":
            raise StatbankError(f"StatBank refused the data for {table}: {code} {message}")
        name = max(variables, key=lambda n: len(variables[n]))
        codes = variables[name]
        if len(codes) < 2:
            raise RequestLimitError(
                f"StatBank's REQUEST-LIMIT for {table}, and the request cannot be split further."
            )
        middle = len(codes) // 2
        first = self._data(table, {**variables, name: codes[:middle]}, format)
        second = self._data(table, {**variables, name: codes[middle:]}, format)
        return join_tables(first, second)


def join_tables(first: bytes, second: bytes) -> bytes:
    """Two answers with the same header as one: the second's header (and BOM) is dropped."""
    _header, _newline, rest = second.partition(b"\n")
    if first and not first.endswith(b"\n"):
        first += b"\n"
    return first + rest
