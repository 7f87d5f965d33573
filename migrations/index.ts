import type { Migration } from 'kysely';
import * as foundation from './2026_11_23_0001_foundation';
import * as content from './2026_11_23_0002_content';
import * as search from './2026_11_23_0003_search';
import * as portalIndexes from './2026_11_23_0004_portal_indexes';
import * as portalAggregates from './2026_12_02_0001_portal_aggregates';
import * as publicIdIndex from './2026_12_02_0002_public_id_index';
import * as scaleIndexes from './2026_12_02_0004_scale_indexes';
import * as twoFactor from './2026_12_10_0001_two_factor';
import * as districtSuspension from './2026_12_10_0002_district_suspension';
import * as reportIndexes from './2026_12_20_0101_report_indexes';
import * as notifications from './2026_12_20_0201_notifications';
import * as contentReturned from './2026_12_20_0301_content_returned';
import * as auditFilters from './2026_12_20_0302_audit_filters';
import * as whatsappReminders from './2026_12_20_0401_whatsapp_reminders';
import * as districtIdentity from './2026_12_20_0601_district_identity';
import * as searchVocabulary from './2026_12_20_0701_search_vocabulary';
import * as serviceDetails from './2026_12_21_0101_service_details';
import * as potentialCategoryIndex from './2026_12_21_0201_potential_category_index';
import * as potentialDistrict from './2026_12_22_0101_potential_district';

// A static map, not a folder scan: it works the same from ts sources, compiled JS and tests.
export const migrations: Record<string, Migration> = {
  '2026_11_23_0001_foundation': foundation,
  '2026_11_23_0002_content': content,
  '2026_11_23_0003_search': search,
  '2026_11_23_0004_portal_indexes': portalIndexes,
  '2026_12_02_0001_portal_aggregates': portalAggregates,
  '2026_12_02_0002_public_id_index': publicIdIndex,
  '2026_12_02_0004_scale_indexes': scaleIndexes,
  '2026_12_10_0001_two_factor': twoFactor,
  '2026_12_10_0002_district_suspension': districtSuspension,
  '2026_12_20_0101_report_indexes': reportIndexes,
  '2026_12_20_0201_notifications': notifications,
  '2026_12_20_0301_content_returned': contentReturned,
  '2026_12_20_0302_audit_filters': auditFilters,
  '2026_12_20_0401_whatsapp_reminders': whatsappReminders,
  '2026_12_20_0601_district_identity': districtIdentity,
  '2026_12_20_0701_search_vocabulary': searchVocabulary,
  '2026_12_21_0101_service_details': serviceDetails,
  '2026_12_21_0201_potential_category_index': potentialCategoryIndex,
  '2026_12_22_0101_potential_district': potentialDistrict,
};
