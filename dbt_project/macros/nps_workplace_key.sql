{#-
    The key of one NPS workplace across months and across the file and the API: its name, the
    6-digit 사업자등록번호 prefix NPS publishes and its road address. One definition, so a join on
    workplace_key (int_company__nps_links) means the same workplace in every model.
-#}
{% macro nps_workplace_key(relation_alias=none) -%}
    {%- set p = relation_alias ~ '.' if relation_alias else '' -%}
    md5(concat_ws('|', {{ p }}workplace_name, {{ p }}bizr_no_prefix, coalesce({{ p }}road_address, '')))
{%- endmacro %}
