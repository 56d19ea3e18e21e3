{#- Use the folder schema as is (staging, marts) instead of dbt's <target>_<schema> prefixing:
    analysts query marts.mart_kpi__scorecard, not main_marts.mart_kpi__scorecard. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
