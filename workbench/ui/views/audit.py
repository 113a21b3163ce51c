"""The Audit page, for admins: sign-ins and failed attempts, and every change to segments,
concepts, models, articles and accounts, filtered by person, kind, client address and day
(the same trail as `workbench audit`)."""

from datetime import datetime, timedelta, timezone

import streamlit as st

from workbench.accounts import audit
from workbench.accounts.users import accounts
from workbench.ui import state

LIMITS = [100, 500, 2000]


def render() -> None:
    st.title("Audit")
    store = state.store()
    people = [account.username for account in accounts(store)] + ["mt", "tm"]
    person_col, kind_col, address_col, days_col, limit_col = st.columns([2, 3, 2, 2, 1])
    person = person_col.selectbox("Person", people, index=None, key="audit_person",
                                  placeholder="everyone", accept_new_options=True,
                                  help="An account, the machine's user on a store without "
                                       "accounts, or an engine (mt, tm)")
    kinds = kind_col.multiselect("Kind", audit.KINDS, key="audit_kinds", placeholder="every kind")
    address = address_col.text_input("Address", key="audit_address", placeholder="any",
                                     help="A sign-in's client address (an IPv6 address stands "
                                          "for its /64 network, as the trail records it)")
    today = datetime.now(timezone.utc).date()  # the trail's times are UTC
    days = days_col.date_input("Days", (today - timedelta(days=7), today), key="audit_days",
                               max_value=today, format="YYYY-MM-DD")
    limit = limit_col.selectbox("Show", LIMITS, key="audit_limit")
    since, until = (days + (None, None))[:2] if isinstance(days, tuple) else (days, days)
    found = audit.events(store, actor=state.actor(), person=person, kinds=kinds,
                         since=since, until=until or since, address=address, limit=limit)
    st.caption(f"{len(found)} events, newest first (times in UTC)"
               + (f"; the {limit} newest are shown" if len(found) == limit else ""))
    st.dataframe([event.to_json() for event in found], hide_index=True, width="stretch",
                 column_config={"detail": st.column_config.TextColumn("detail", width="large")})
