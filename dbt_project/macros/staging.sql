{#-
    Snapshot selection and lineage columns, one definition for every staging model.

    Every extract is kept in raw (one _snapshot_id per fetch, stamped with the run's _logical_date),
    so reruns are safe and history is free; staging decides which snapshot counts:
    - latest_snapshot_per_logical_date: a rerun of a date replaces that date's earlier fetch
      (newest _fetched_at, ties broken by _snapshot_id), and every logical date stays, so the
      marts can compare vintages. Used by every scraped or API source.
    - latest_snapshot_overall: the register files are curated and replaced as a whole, so the
      newest snapshot is the current truth and older dates are not kept.
    dense_rank, not row_number: the rows of the chosen snapshot all rank 1.
-#}

{% macro latest_snapshot_per_logical_date(relation) -%}
    select *
    from {{ relation }}
    qualify dense_rank() over (
        partition by _logical_date order by _fetched_at desc, _snapshot_id desc
    ) = 1
{%- endmacro %}

{% macro latest_snapshot_overall(relation) -%}
    select *
    from {{ relation }}
    qualify dense_rank() over (order by _logical_date desc, _fetched_at desc, _snapshot_id desc) = 1
{%- endmacro %}

{#-
    The raw loader's lineage columns under their staging names, so a snapshot_id or fetched_at means
    the same in every model. source_url_as: the registers name it register_url, because their rows
    carry their own citation in source_url and this is where the register was loaded from.
-#}
{% macro lineage_columns(source_url_as='source_url') -%}
        _snapshot_id as snapshot_id,
        _logical_date as snapshot_date,
        _fetched_at as fetched_at,
        _source_url as {{ source_url_as }}
{%- endmacro %}
