"""Import presets: map a CRM's own exports onto the data contract.

    >>> from salescoach.presets import list_presets, read_preset, load_preset
    >>> result = read_preset("hubspot", "exports/")      # PresetResult
    >>> result.notes                                       # caveats to show first
    >>> summary = load_preset(coach, result)               # all or nothing

A preset reads a folder holding the CRM's export files (recognised by their
headers) and returns contract tables as raw text plus caveats; nothing is written
until `load_preset`, which validates with the importer (errors name the export
file and its row) and stores everything in one transaction. A custom YAML mapping
(`load_mapping`, `apply_mapping`) does the same for any other export.
"""

from __future__ import annotations

from pathlib import Path

from salescoach.presets import crm_sales_opportunities, hubspot, pipedrive, salesforce
from salescoach.presets.base import Preset, PresetResult, validate_preset
from salescoach.presets.mapping import CustomMapping, apply_mapping, dump_mapping, load_mapping, save_mapping

__all__ = [
    "PRESETS",
    "CustomMapping",
    "Preset",
    "PresetResult",
    "apply_mapping",
    "dump_mapping",
    "list_presets",
    "load_mapping",
    "load_preset",
    "read_mapping",
    "read_preset",
    "save_mapping",
    "validate_preset",
]

PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (hubspot.PRESET, salesforce.PRESET, pipedrive.PRESET, crm_sales_opportunities.PRESET)
}


def list_presets() -> list[Preset]:
    """Every preset, in the order to offer them (name, label, help, read)."""
    return list(PRESETS.values())


def read_preset(name: str, folder: str | Path) -> PresetResult:
    """Read ``folder`` with the preset ``name``; DataImportError for unusable files."""
    preset = PRESETS.get(name)
    if preset is None:
        raise ValueError(f"unknown preset {name!r} (the presets are {', '.join(PRESETS)})")
    return preset.read(folder)


def read_mapping(mapping_file: str | Path, folder: str | Path) -> PresetResult:
    """Read ``folder`` as the custom mapping file says."""
    return apply_mapping(load_mapping(mapping_file), folder)


def load_preset(coach, result: PresetResult, exported_on=None):
    """Validate ``result`` (errors located in the export files) and store it; all or nothing.
    ``exported_on`` is the day the export was made (default today; see ``SalesCoach.load``).

    Returns the store's LoadSummary.
    """
    typed = validate_preset(result, coach.existing_keys)
    return coach.load_frames(typed, source="import", exported_on=exported_on)
