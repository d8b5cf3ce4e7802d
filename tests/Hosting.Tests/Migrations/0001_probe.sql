-- A tiny service of the tests' own: "widgets" change state; "widget_events" record what the consumer saw.
create table widgets (id uuid primary key, name text not null);
create table widget_events (id bigint generated always as identity primary key, widget_id uuid not null, message_id uuid not null);
