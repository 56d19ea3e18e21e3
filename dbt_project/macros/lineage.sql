{#-
    Lineage lists, one definition for every KPI model. A KPI value built from several raw snapshots
    (or datasets) names all of them: `vintage` is the sorted, distinct, comma-separated list of the
    snapshot ids in the sum, `source_datasets` the same for dataset names. Never a dataset name in
    vintage (tests/assert_vintage_is_snapshot_ids.sql).
-#}

{# aggregate: the union of comma-separated lists in `expr` over the group, sorted; NULL when empty #}
{% macro merge_id_lists(expr) -%}
    nullif(array_to_string(list_sort(list_distinct(flatten(
        list(string_split({{ expr }}, ',')) filter (where {{ expr }} is not null)
    ))), ','), '')
{%- endmacro %}

{#
    When the newest of the listed snapshots was fetched. A snapshot id starts with its fetch time
    (20261203T085810869057Z-<sha256 prefix>, warehouse/landing.py), so no join is needed.
#}
{% macro fetched_at_of(id_list) -%}
    list_max(list_transform(string_split({{ id_list }}, ','),
        lambda x: try_strptime(left(x, 22), '%Y%m%dT%H%M%S%fZ')))
{%- endmacro %}

{# the regular expression every snapshot id matches #}
{% macro snapshot_id_pattern() -%}
    '^[0-9]{8}T[0-9]{12}Z-[0-9a-f]{12}$'
{%- endmacro %}
