"""The public "CRM Sales Opportunities" data set (a fictitious B2B computer-hardware seller).

Four CSV files, recognised by their headers: ``sales_pipeline.csv`` (required),
``sales_teams.csv``, ``accounts.csv`` and ``products.csv``.

=========================================  =====================================
data set                                   contract
=========================================  =====================================
sales_teams: sales_agent, manager,         sellers: seller_id (slug of the name),
regional_office                            name, manager, team = regional office
accounts: account, sector                  customers: customer_id (slug), name,
                                           segment = sector
sales_pipeline: opportunity_id             offer_id (and deal_id of a won deal)
sales_agent / account                      seller_id / customer_id
engage_date                                sent_date
deal_stage                                 status: Won → won, Lost → lost,
                                           Engaging → open; Prospecting rows
                                           are left out (no engage date: not
                                           offers yet); also the stage (order:
                                           Engaging 2, Won 3, Lost 4)
close_date                                 closed_date (won and lost)
close_value                                value of won offers
products: sales_price                      value of lost and open offers (see
                                           below)
=========================================  =====================================

What the data cannot support, and what is done instead (all returned as notes):

* No activities: the Määrä and Suunta columns stay empty.
* Open (Engaging) deals have no expected close date and no value: pipeline
  coverage cannot be computed, and the open pipeline is valued at list price.
* Lost deals have close_value 0, which is what they closed at, not what was
  offered. Lost and open offers are valued at the product's list price
  (``sales_price``; product names are matched ignoring spaces, so "GTXPro" is
  "GTX Pro"). The caveat states how close won deals came to list price in the same
  data, measured when the files are read, so the reader can judge the estimate.
* No targets: sales target, left to sell and coverage stay empty.
* The data ends on its last close date (2017); the caveat names the period.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from salescoach.importer import DataImportError, ImportProblem
from salescoach.messages import Count, Message, Percent
from salescoach.presets.base import (
    UNASSIGNED_TEAM,
    ExportFile,
    Origin,
    Preset,
    PresetResult,
    Role,
    contract_frame,
    deals_from_won,
    find_exports,
    listing,
    no_activities_note,
    norm,
    ordered,
    require_columns,
    rows_listing,
    slug,
)

PIPELINE = Role(
    "pipeline",
    "sales_pipeline.csv",
    (("opportunity_id",), ("sales_agent",), ("deal_stage",)),
)
TEAMS = Role("teams", "sales_teams.csv", (("sales_agent",), ("regional_office",)), required=False)
ACCOUNTS = Role("accounts", "accounts.csv", (("account",), ("sector",)), required=False)
PRODUCTS = Role("products", "products.csv", (("product",), ("sales_price",)), required=False)

STAGES = {"won": "won", "lost": "lost", "engaging": "open"}
STAGE_ORDER = {"prospecting": "1", "engaging": "2", "won": "3", "lost": "4"}  # the data set's pipeline


def _product_key(name: str) -> str:
    return norm(name).replace(" ", "")


def _sellers(pipeline: ExportFile, teams: ExportFile | None) -> tuple[pd.DataFrame, list[Origin], list[str]]:
    frames, origins, notes = [], [], []
    listed: set[str] = set()
    if teams is not None:
        agents = teams.values("sales_agent")
        frames.append(
            contract_frame(
                "sellers",
                {
                    "seller_id": agents.map(lambda a: slug(a) if a else ""),
                    "name": agents,
                    "team": teams.values("regional_office"),
                    "manager": teams.values("manager"),
                },
                len(agents),
            )
        )
        origins.append(
            Origin(
                teams.name,
                teams.rows,
                {"seller_id": "sales_agent", "name": "sales_agent", "team": "regional_office"},
            )
        )
        listed = {norm(a) for a in agents}
    agents = [a for a in dict.fromkeys(pipeline.values("sales_agent")) if a and norm(a) not in listed]
    if agents:
        frames.append(
            contract_frame(
                "sellers",
                {
                    "seller_id": pd.Series([slug(a) for a in agents]),
                    "name": pd.Series(agents),
                    "team": UNASSIGNED_TEAM,
                },
                len(agents),
            )
        )
        where = (
            Message("preset.crm.no_teams_file")
            if teams is None
            else Message("preset.crm.not_in", file=teams.name)
        )
        notes.append(
            Message(
                "preset.crm.unassigned_agents",
                count=Count(len(agents)),
                team=UNASSIGNED_TEAM,
                where=where,
                names=listing(agents),
            )
        )
    return pd.concat(frames, ignore_index=True), origins, notes


def _customers(pipeline: ExportFile, accounts: ExportFile | None) -> tuple[pd.DataFrame, list[Origin]]:
    frames, origins = [], []
    listed: set[str] = set()
    if accounts is not None:
        names = accounts.values("account")
        frames.append(
            contract_frame(
                "customers",
                {
                    "customer_id": names.map(lambda a: slug(a) if a else ""),
                    "name": names,
                    "segment": accounts.values("sector"),
                },
                len(names),
            )
        )
        origins.append(Origin(accounts.name, accounts.rows, {"customer_id": "account", "name": "account"}))
        listed = {norm(a) for a in names}
    extra = [a for a in dict.fromkeys(pipeline.values("account")) if a and norm(a) not in listed]
    if extra:
        frames.append(
            contract_frame(
                "customers",
                {"customer_id": pd.Series([slug(a) for a in extra]), "name": pd.Series(extra)},
                len(extra),
            )
        )
    if not frames:
        return contract_frame("customers", {}, 0), origins
    return pd.concat(frames, ignore_index=True), origins


def _list_prices(products: ExportFile | None) -> dict[str, str]:
    if products is None:
        return {}
    return {
        _product_key(p): price
        for p, price in zip(products.values("product"), products.values("sales_price"), strict=True)
        if p
    }


def _price_note(won_values: pd.Series, list_values: pd.Series) -> Message:
    won = pd.to_numeric(won_values, errors="coerce")
    listed = pd.to_numeric(list_values, errors="coerce")
    ratio = (won / listed).replace([np.inf, -np.inf], np.nan).dropna()
    text = Message("preset.crm.list_price")
    if len(ratio):
        low, mid, high = (Percent(ratio.quantile(q)) for q in (0.1, 0.5, 0.9))
        text = Message("preset.crm.list_price.estimate", note=text, median=mid, low=low, high=high)
    return text


def read(folder: str | Path) -> PresetResult:
    """Map the CRM Sales Opportunities files onto the data contract (raw text frames)."""
    found, notes = find_exports(folder, (PIPELINE, TEAMS, ACCOUNTS, PRODUCTS), "CRM Sales Opportunities")
    pipeline = found["pipeline"][0]
    problems: list[ImportProblem] = []
    require_columns(
        pipeline,
        {
            Message("preset.field.account"): ("account",),
            Message("preset.field.engage_date"): ("engage_date",),
            Message("preset.field.close_date"): ("close_date",),
            Message("preset.field.close_value"): ("close_value",),
            Message("preset.field.product"): ("product",),
        },
        problems,
    )
    if problems:
        raise DataImportError(problems)
    teams, accounts, products = (found[r][0] if found[r] else None for r in ("teams", "accounts", "products"))

    stage = pipeline.values("deal_stage").map(norm)
    prospects = (stage == "prospecting").to_numpy()
    if prospects.any():
        notes.append(Message("preset.crm.prospects", count=Count(int(prospects.sum()))))
        pipeline = pipeline.keep(~prospects)
        stage = stage[~prospects].reset_index(drop=True)
    status = stage.map(lambda s: STAGES.get(s, s))

    prices = _list_prices(products)
    list_price = pipeline.values("product").map(lambda p: prices.get(_product_key(p), ""))
    close_value = pipeline.values("close_value")
    value = close_value.where(status == "won", list_price)
    if products is None:
        value = value.where(status == "won", "0")
        notes.append(Message("preset.crm.no_products"))
    else:
        unpriced = (status != "won") & (list_price == "") & (pipeline.values("product") != "")
        if unpriced.any():
            notes.append(
                Message(
                    "preset.crm.unpriced",
                    count=Count(int(unpriced.sum())),
                    file=products.name,
                    rows=rows_listing(pipeline.rows[unpriced.to_numpy()]),
                )
            )
        won = (status == "won").to_numpy()
        notes.append(_price_note(close_value[won], list_price[won]))

    close = pipeline.values("close_date")
    closed_date = close.where(status.isin(["won", "lost"]), "")
    account = pipeline.values("account")
    offers = contract_frame(
        "offers",
        {
            "offer_id": pipeline.values("opportunity_id"),
            "seller_id": pipeline.values("sales_agent").map(lambda a: slug(a) if a else ""),
            "customer_id": account.map(lambda a: slug(a) if a else ""),
            "sent_date": pipeline.values("engage_date"),
            "value": value,
            "status": status,
            "closed_date": closed_date,
            "stage": pipeline.values("deal_stage"),
            "stage_order": stage.map(lambda s: STAGE_ORDER.get(s, "")),
        },
        len(pipeline.frame),
    )
    offer_origin = Origin(
        pipeline.name,
        pipeline.rows,
        {
            "offer_id": "opportunity_id",
            "seller_id": "sales_agent",
            "customer_id": "account",
            "sent_date": "engage_date",
            "value": "close_value / list price",
            "status": "deal_stage",
            "closed_date": "close_date",
            "stage": "deal_stage",
            "stage_order": "deal_stage",
        },
    )
    sellers, seller_origins, seller_notes = _sellers(pipeline, teams)
    customers, customer_origins = _customers(pipeline, accounts)

    notes.append(no_activities_note())
    notes.append(Message("preset.crm.no_expected_close"))
    notes.append(Message("preset.crm.no_targets"))
    dates = pd.concat([pipeline.values("engage_date"), close]).replace("", np.nan).dropna()
    if len(dates):
        notes.append(Message("preset.crm.data_span", first=dates.min(), last=dates.max()))
    notes += seller_notes

    frames = {
        "sellers": sellers,
        "customers": customers,
        "offers": offers,
        "deals": deals_from_won(offers),
    }
    names = {
        "sellers": teams.name
        if teams is not None
        else Message(
            "preset.source.sellers", owners=Message("preset.owners.sales_agents"), file=pipeline.name
        ),
        "customers": accounts.name
        if accounts is not None
        else Message(
            "preset.source.customers", kind=Message("preset.customers.accounts"), file=pipeline.name
        ),
        "offers": pipeline.name,
        "deals": Message("preset.source.won_deals", file=pipeline.name),
    }
    origins = {"sellers": seller_origins, "customers": customer_origins, "offers": [offer_origin]}
    return PresetResult(ordered(frames), names, notes, origins)


PRESET = Preset(
    name="crm-sales-opportunities",
    label="CRM Sales Opportunities (public data set)",
    help=(
        "The four CSV files of the public CRM Sales Opportunities data set: sales_pipeline.csv, "
        "sales_teams.csv, accounts.csv and products.csv."
    ),
    read=read,
)
