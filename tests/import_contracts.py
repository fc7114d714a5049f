"""An import-linter contract the built-in types cannot state (issue 15): another app is used
only through its public modules, by default services, selectors, constants and signals. An
entry of ``public`` with a dot (``vault.signing``) makes one module of one app public.

Configured in pyproject.toml (``[[tool.importlinter.contracts]]``, type ``public_modules``)
and run by ``make lint``. Only direct imports count: an app's services may of course use its
own models. ``ignore_imports`` takes import-linter's usual expressions, wildcards included.
"""

from typing import Any

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils
from importlinter.application.contract_utils import AlertLevel


class PublicModulesContract(Contract):
    type_name = "public_modules"

    apps = fields.ListField(subfield=fields.StringField())
    public = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        contract_utils.remove_ignored_imports(
            graph=graph,
            ignore_imports=list(self.ignore_imports or []),  # type: ignore[call-overload]
            unmatched_alerting=AlertLevel.ERROR,
        )
        apps, public = set(self.apps), set(self.public)  # type: ignore[call-overload]
        broken = []
        for importer in sorted(graph.modules):
            source = importer.split(".")[0]
            if source not in apps:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                parts = imported.split(".")
                if parts[0] == source or parts[0] not in apps:
                    continue
                if len(parts) == 1 or parts[1] in public or ".".join(parts[:2]) in public:
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = sorted({detail["line_number"] for detail in details})
                broken.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        broken: list[dict[str, Any]] = check.metadata["broken"]
        for item in broken:
            lines = ", ".join(f"l.{line}" for line in item["lines"])
            output.print_error(f"{item['importer']} -> {item['imported']} ({lines})", bold=False)
        output.new_line()
        output.print("Use the other app's services, selectors, constants or signals instead.")
