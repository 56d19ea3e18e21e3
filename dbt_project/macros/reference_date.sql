{#-
    The date KPI statuses are judged at, one definition for every model that scores: the dbt var
    as_of_date for reproducible reports, else the day of the build.
-#}
{% macro reference_date() -%}
    {%- if var('as_of_date', none) -%}
    cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
    current_date
    {%- endif -%}
{%- endmacro %}
