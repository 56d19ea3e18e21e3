"""seoulaihub.kr (Classic ASP site, no API): tenant roster, tenant details, notices."""
