{#-
    The staging select of NPS workplace-month rows, one definition for every dataset that carries the
    national file's columns (nps.workplaces_file, nps.odcloud_workplaces: the same monthly files read
    through odcloud's per-month API). `relation` holds the rows to rename.
-#}
{% macro nps_workplace_month_columns(relation) -%}
    select
        -- ids
        bizr_no_prefix,
        postal_code,
        legal_dong_code,
        admin_dong_code,
        sido_code,
        sigungu_code,
        emd_code,
        industry_code,
        -- strings
        month,
        workplace_name,
        road_address,
        lot_address,
        industry_name,
        -- numerics
        status_code,
        workplace_type,
        headcount,
        hires,
        exits,
        monthly_billed_krw,
        -- booleans
        status_code = 1 as is_active,
        workplace_type = 1 as is_corporation,
        -- dates
        cast(month || '-01' as date) as month_start,
        applied_date,
        re_registered_date,
        withdrawn_date,
        -- lineage
        {{ lineage_columns() }}
    from {{ relation }}
{%- endmacro %}
