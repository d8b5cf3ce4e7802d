-- Market data (API.md GET /v1/market/prices): the price of every booking, by its confirmation time. Allocation owns
-- the series because it confirms bookings (docs/decisions/0007); both tables are written in the confirming transaction.
-- price_ticks: one row per confirmed booking, the facts the rollup is made of (and can be rebuilt from).
create table price_ticks (
    booking_id uuid          primary key,
    gpu_model  text          not null,
    region     text          not null,
    at         timestamptz   not null,
    price      numeric(10,4) not null,
    gpu_hours  numeric(16,2) not null
);

-- price_hours: one row per model, region and UTC hour that had confirmations, and one per model and hour over all
-- regions (region = ''), so a year of daily points reads at most 8,784 rows whatever the number of bookings.
-- open/close are the prices of the first/last confirmation in the hour (open_at/close_at say when, for merging);
-- value = Σ price × GPU-hours, so vwap = value / gpu_hours at any interval.
create table price_hours (
    gpu_model text          not null,
    region    text          not null,
    hour      timestamptz   not null,
    open_at   timestamptz   not null,
    open      numeric(10,4) not null,
    close_at  timestamptz   not null,
    close     numeric(10,4) not null,
    high      numeric(10,4) not null,
    low       numeric(10,4) not null,
    value     numeric(24,6) not null,
    gpu_hours numeric(18,2) not null,
    bookings  int           not null,
    primary key (gpu_model, region, hour)
);
