{#- OpenDART reprt_code -> report_type, one mapping for every DART staging model. -#}
{% macro dart_report_type(reprt_code) -%}
    case {{ reprt_code }}
        when '11011' then 'annual'
        when '11012' then 'half'
        when '11013' then 'q1'
        when '11014' then 'q3'
    end
{%- endmacro %}
