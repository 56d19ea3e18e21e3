{#- The columns of int_nps__workplace_months, selected alike from each NPS source that reports
    workplace-months (the national file, and the same files through odcloud): one list, so the
    branches of its union cannot drift apart. -#}
{% macro nps_vintage_columns(source_dataset) -%}
        {{ nps_workplace_key() }} as workplace_key,
        month,
        month_start,
        workplace_name,
        bizr_no_prefix,
        road_address,
        sido_code,
        sigungu_code,
        industry_code,
        industry_name,
        is_active,
        headcount,
        hires,
        exits,
        '{{ source_dataset }}' as source_dataset,
        snapshot_id as vintage,
        snapshot_date as vintage_date
{%- endmacro %}
